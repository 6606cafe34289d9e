"""Policies of the office simulator: who arrives when, who answers what, and how late.

Pure and deterministic: every decision draws from a ``random.Random`` the driver owns
(``engine.simulate``), so one seed always plays the same year. Nothing here touches the
database or the engine; the driver asks these modules and calls the real services.

- ``volumes``: yearly volumes per process (shared/domain/PROCESSES.md) turned into hourly
  arrivals, office hours weighted;
- ``delays``: when a person acts on a task, per role, with the office's lateness;
- ``answers``: what each form says, steering the models' branches like the office would;
- ``schema_data``: valid form data built from a form's JSON Schema, answers on top.
"""
