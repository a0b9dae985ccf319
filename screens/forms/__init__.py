"""Forms that edit a record, and the form kit they share."""
