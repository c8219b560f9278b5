"""SCIM 2.0 provisioning under /scim/v2/ (C10, identity): an identity provider creates, updates and deactivates people; bearer tokens made by org admins."""
