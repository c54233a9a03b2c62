"""Long-running jobs (an ingest run, a resolve run): queued from the web, run as a separate
process, their progress and result visible on a page."""
