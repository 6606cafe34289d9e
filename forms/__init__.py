"""User-task forms: JSON Schemas on disk, loaded and validated here."""
