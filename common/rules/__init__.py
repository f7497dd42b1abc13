"""Pure domain rules of Bale Sandi Maya: working days, deadlines, status machines, tracking codes, SKM, identity
validation, privacy and Siaga 112 rules.

No database, no Qt, no I/O (except :func:`common.rules.working_days.load_cuti_bersama`, which reads the file it is
given). Import the submodules directly; this package deliberately re-exports nothing.
"""
