"""The workspace's pages, one module per job: dashboard, lists, records, review, upload, charts, auth."""
