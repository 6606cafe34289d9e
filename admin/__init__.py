"""The web application and command line: the outer layer, wiring everything."""
