TYPES = ()
