"""dyadwatch.sanctions"""
