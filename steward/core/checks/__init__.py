"""The lead verification checks (NAMER, source, ICP fit): one small pure function each."""
