"""The sensemaking engine: plain data in, plain data out; importable without Flask."""
