"""The shared kernel of the web application: what every feature package needs and none owns.

errors: InputError, the one way a service refuses input. access: who may do what in a traject.
transaction: the request commits once when the view succeeds and rolls back when it refuses.
"""
