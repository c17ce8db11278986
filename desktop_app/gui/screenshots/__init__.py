"""Screenshot scenes of every tab and dialog, and the layout check that finds clipped text."""
