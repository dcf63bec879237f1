"""A folder of notes to a knowledge base: files read safely, parsed in a pool, cached, loaded."""
