"""Pure rules of capture: what a source reads, and how it becomes relationships."""
