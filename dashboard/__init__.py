"""The read side the pages share: connection, queries, chart builders, URL state, translations."""
