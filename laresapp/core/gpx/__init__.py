"""GPX in and out: decode and check a file, read it, turn it into a trek document, merge a
recording into a sketch, and write a trek back out as GPX 1.1."""
