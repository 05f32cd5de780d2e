"""What community organizations use: profiles and deep links (orgs), their contact in the conversation
(org_sections), the summary a family forwards to a lawyer, flyers and QR codes, anonymous impact counts."""
