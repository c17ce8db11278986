"""Printed documents: labels, return kits, slips, instructions, credit notes and the policy text."""
