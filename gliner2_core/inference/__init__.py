"""Batched inference over texts and schemas."""
