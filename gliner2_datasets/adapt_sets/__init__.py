"""Example sets for measuring ``gliner2-kit adapt``: 100 hand-written texts each, with gold outputs.

``parking_fine`` (``ParkingFine``: notice number, plate, date, location, amount, violation,
paid) and ``hotel_request`` (``HotelRequest``, a slot-filling schema: guest, city, hotel,
check-in, nights, guests, room type, breakfast). Neither type entered training. Each line is
``{"text", "output"}``, the format ``adapt --examples`` reads::

    gliner2-kit adapt --model gliner2_datasets.adapt_sets.parking_fine:ParkingFine \\
        --examples gliner2_datasets/adapt_sets/parking_fine.jsonl --output runs/adapt-parking_fine
"""
