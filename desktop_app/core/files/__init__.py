"""Files the program writes where a person asked: what may be written over, and writing each file whole."""
