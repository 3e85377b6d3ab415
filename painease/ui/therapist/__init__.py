"""The therapist's workspace: script editor, narration recording, set builder, patients.

Built lazily (only when the Therapist page is first shown), so none of it, nor numpy or
sounddevice, is imported at start-up. Main thread only, except where a module says so.
"""
