"""Tests of newsbrief."""
