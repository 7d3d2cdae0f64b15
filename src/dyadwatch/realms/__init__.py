"""dyadwatch.realms"""
