"""Shared web pieces: tables and their downloads, the form base, 404 lookups.

Every page package (portal, work, review, api) uses these; no data domain imports a page
package, so this is where pieces that several of them need live.
"""
