import { expect } from '@open-wc/testing';
import { checkEndpoint, type EndpointProblem } from '../../src/schema/endpoint.js';

const HTTPS_PAGE = 'https://www.vlaanderen.be/contact/bedankt';
const HTTP_PAGE = 'http://intranet.agency.example/feedback/';

function acceptedUrl(raw: string, base = HTTPS_PAGE): string {
  const result = checkEndpoint(raw, base);
  expect(result.ok, `${raw} on ${base}: ${result.ok ? '' : result.problem}`).to.equal(true);
  return result.ok ? result.url.href : '';
}

function problemOf(raw: string | null | undefined, base = HTTPS_PAGE): EndpointProblem | undefined {
  const result = checkEndpoint(raw, base);
  return result.ok ? undefined : result.problem;
}

describe('checkEndpoint()', () => {
  describe('accepted endpoints', () => {
    it('accepts an https URL', () => {
      expect(acceptedUrl('https://collector.example/api/responses')).to.equal(
        'https://collector.example/api/responses',
      );
    });

    it('resolves relative URLs against the page', () => {
      expect(acceptedUrl('/api/responses')).to.equal('https://www.vlaanderen.be/api/responses');
      expect(acceptedUrl('api/x')).to.equal('https://www.vlaanderen.be/contact/api/x');
      expect(acceptedUrl('../x')).to.equal('https://www.vlaanderen.be/x');
    });

    it('accepts a relative URL on a plain-http page, since it stays on the page origin', () => {
      expect(acceptedUrl('/api/responses', HTTP_PAGE)).to.equal('http://intranet.agency.example/api/responses');
    });

    it('accepts http on localhost and loopback addresses', () => {
      for (const raw of [
        'http://localhost:8787/api/responses',
        'http://127.0.0.1/api',
        'http://[::1]:3000/api',
        'http://foo.localhost/api',
      ]) {
        expect(acceptedUrl(raw, HTTP_PAGE)).to.equal(raw);
      }
    });

    it('ignores surrounding whitespace', () => {
      expect(acceptedUrl('  https://collector.example/api \n')).to.equal('https://collector.example/api');
    });

    it('accepts a protocol-relative URL on an https page', () => {
      expect(acceptedUrl('//collector.example/api')).to.equal('https://collector.example/api');
    });
  });

  describe('refused endpoints', () => {
    it('refuses plain http to another host as insecure', () => {
      expect(problemOf('http://example.org/api')).to.equal('insecure');
      expect(problemOf('http://example.org/api', HTTP_PAGE)).to.equal('insecure');
    });

    it('refuses hosts that only look like localhost as insecure', () => {
      expect(problemOf('http://localhost.evil.example/api')).to.equal('insecure');
      expect(problemOf('http://127.0.0.1.evil.example/api')).to.equal('insecure');
    });

    it('refuses a protocol-relative URL on an http page as insecure', () => {
      expect(problemOf('//evil.example/api', HTTP_PAGE)).to.equal('insecure');
    });

    it('refuses a scheme-less URL that still leaves the page origin over http', () => {
      // The URL parser reads "\" as "/" and drops tabs, so these reach another host.
      expect(problemOf('/\\evil.example/api', HTTP_PAGE)).to.equal('insecure');
      expect(problemOf('\\\\evil.example/api', HTTP_PAGE)).to.equal('insecure');
      expect(problemOf('/\t/evil.example/api', HTTP_PAGE)).to.equal('insecure');
    });

    it('refuses schemes other than http and https', () => {
      for (const raw of ['javascript:alert(1)', 'data:text/plain,hello', 'ftp://files.example/in', 'mailto:a@example.org']) {
        expect(problemOf(raw), raw).to.equal('unsupported-scheme');
      }
    });

    it('reports a missing endpoint for empty, blank, null and undefined', () => {
      for (const raw of ['', '   ', null, undefined]) {
        expect(problemOf(raw), String(raw)).to.equal('missing');
      }
    });

    it('refuses a user name or password in the URL, which fetch would throw on at every send', () => {
      for (const raw of ['https://user:secret@collector.example/api', 'https://token@collector.example/api', '//user:pw@collector.example/api', 'http://u:p@localhost:8787/api']) {
        expect(problemOf(raw), raw).to.equal('credentials');
      }
    });

    it('reports a URL that cannot be parsed as malformed', () => {
      expect(problemOf('https://')).to.equal('malformed');
      expect(problemOf('http://[::1/api')).to.equal('malformed');
    });
  });
});
