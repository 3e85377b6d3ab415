"""Pure domain logic: guided scripts, fitted timelines, rating scales. No Qt, no storage."""
