"""Working as a team through git: the git binary run safely, and who a change is by."""
