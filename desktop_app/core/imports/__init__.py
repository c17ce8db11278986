"""Import orders, products and historical returns from shop exports through mapping profiles.

Two stages: `check_file` streams a file through a profile and lists every bad line (nothing written);
`import_file` then writes the new rows in one transaction. Profiles are TOML (see README.md here).
"""
