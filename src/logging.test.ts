import assert from 'node:assert/strict';
import { test } from 'node:test';
import { redactLinkTokens } from './logging.ts';

const token = 'K0Emw9xBA39Rfz2FWE_r-zLMuC3w1gLnhdwgPilp6AE';

test('link tokens never reach the logs; other paths stay readable', () => {
  const cases: [string, string][] = [
    [`/api/v1/activations/${token}`, '/api/v1/activations/[redacted]'],
    [
      `/api/v1/activations/${token}/progress/stream?x=1`,
      '/api/v1/activations/[redacted]/progress/stream?x=1',
    ],
    [`/activate/${token}?step=details`, '/activate/[redacted]?step=details'],
    [`/invitations/${token}`, '/invitations/[redacted]'],
    [`/api/v1/invitations/${token}`, '/api/v1/invitations/[redacted]'],
    [
      '/api/v1/organization/invitations/0f6a2c4e-1b2d-4c3e-8f9a-0b1c2d3e4f5a/resend',
      '/api/v1/organization/invitations/0f6a2c4e-1b2d-4c3e-8f9a-0b1c2d3e4f5a/resend',
    ],
    ['/api/v1/subscriptions?q=acme', '/api/v1/subscriptions?q=acme'],
  ];
  for (const [url, expected] of cases) assert.equal(redactLinkTokens(url), expected);
});
