"""dyadwatch.sources"""
