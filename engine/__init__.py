"""habiflow's process engine: SpiffWorkflow and SQLAlchemy, no web framework."""
