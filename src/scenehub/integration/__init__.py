"""scene + data: ingest department files and resolve them into golden firm records."""
