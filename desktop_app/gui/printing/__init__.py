"""Printing in the window: the PDF preview, Qt's print dialog at 100 % scale, and batch jobs."""
