"""The privacy part's pages (filled in below)."""
