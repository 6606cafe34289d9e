"""Engine services: one transaction each, domain results in, domain errors out."""
