# tests against real guests booted under TCG
