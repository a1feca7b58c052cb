"""dmvpub: the Missouri DMV and ICE Q&A, from one English source to print in many languages."""

__version__ = "0.1.0"
