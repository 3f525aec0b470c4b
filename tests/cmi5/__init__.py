"""The cmi5 test harness: ralph as the LRS, a launcher that plays the LMS, and the spec's statement rules."""
