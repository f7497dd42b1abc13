"""Believable, deterministic demo activity for Kota Serang (``bsm seed --demo``).

Everything here is Qt-free and driven by one seed and an explicit ``now``, so two runs with the same options write
the same rows. Every rule (deadlines, status legality, tracking codes, keyed hashes) comes from
:mod:`common.rules`; this package only decides *what happened when*.
"""
