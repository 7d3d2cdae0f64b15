"""dyadwatch.warning"""
