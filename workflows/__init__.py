"""The housing domain of habiflow, free of any framework.

Places, roles, task routing, SLA policies, the French business calendar and the helpers that
process models may call. Only the standard library and small pure libraries are used here;
``engine`` and ``admin`` build on this package, never the other way round.
"""
