import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../../tests/helpers/app'
import { precompressDir } from '../../web/precompress'

// A web app as the build leaves it: index.html, a content-hashed script under assets/ and the
// brotli and gzip copies the build step writes beside them.
const script = `export const greeting = ${JSON.stringify('Xin chào, '.repeat(400))}\n`
const indexHtml = `<!doctype html><title>Sen</title><script type="module" src="/assets/index-Bx7Q2k9a.js"></script>${'<!-- -->'.repeat(200)}`
let webDir: string
let t: TestApp
beforeAll(async () => {
  webDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sen-web-'))
  fs.mkdirSync(path.join(webDir, 'assets'))
  fs.writeFileSync(path.join(webDir, 'index.html'), indexHtml)
  fs.writeFileSync(path.join(webDir, 'assets', 'index-Bx7Q2k9a.js'), script)
  fs.writeFileSync(path.join(webDir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>')
  await precompressDir(webDir)
  t = await createTestApp({ demo: false, env: { SEN_WEB_DIR: webDir } })
})
afterAll(async () => {
  await t?.close()
  fs.rmSync(webDir, { recursive: true, force: true })
})

const YEAR_IMMUTABLE = 'public, max-age=31536000, immutable'

function get(url: string, acceptEncoding?: string) {
  return t.app.inject({ url, headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} })
}

describe('the web app’s files', () => {
  it('sends a hashed asset brotli-compressed to a browser that takes brotli, kept for a year', async () => {
    const answer = await get('/assets/index-Bx7Q2k9a.js', 'gzip, deflate, br, zstd')
    expect(answer.statusCode).toBe(200)
    expect(answer.headers['content-encoding']).toBe('br')
    expect(answer.headers['content-type']).toMatch(/^(text|application)\/javascript/)
    expect(answer.headers['cache-control']).toBe(YEAR_IMMUTABLE)
    expect(answer.headers.vary).toContain('accept-encoding')
    expect(answer.rawPayload.length).toBeLessThan(script.length / 5)
    expect(zlib.brotliDecompressSync(answer.rawPayload).toString()).toBe(script)
  })

  it('sends it gzip-compressed to one that takes only gzip, and as it is to one that takes neither', async () => {
    const gzipped = await get('/assets/index-Bx7Q2k9a.js', 'gzip')
    expect(gzipped.headers['content-encoding']).toBe('gzip')
    expect(gzipped.headers['cache-control']).toBe(YEAR_IMMUTABLE)
    expect(zlib.gunzipSync(gzipped.rawPayload).toString()).toBe(script)

    const plain = await get('/assets/index-Bx7Q2k9a.js')
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(plain.headers['cache-control']).toBe(YEAR_IMMUTABLE)
    expect(plain.body).toBe(script)
  })

  it('has index.html revalidated at every visit, compressed too, on the home page and on client-side routes', async () => {
    for (const url of ['/', '/procedures/1.001193', '/dashboard']) {
      const answer = await get(url, 'br, gzip')
      expect(answer.statusCode).toBe(200)
      expect(answer.headers['cache-control']).toBe('no-cache')
      expect(answer.headers['content-type']).toMatch(/^text\/html/)
      expect(answer.headers['content-encoding']).toBe('br')
      expect(zlib.brotliDecompressSync(answer.rawPayload).toString()).toBe(indexHtml)
    }
    const plain = await get('/')
    expect(plain.body).toBe(indexHtml)
    expect(plain.headers['cache-control']).toBe('no-cache')
  })

  it('keeps the security headers on compressed files', async () => {
    for (const url of ['/', '/assets/index-Bx7Q2k9a.js']) {
      const answer = await get(url, 'br')
      expect(answer.headers['content-security-policy']).toContain("default-src 'self'")
      expect(answer.headers['x-content-type-options']).toBe('nosniff')
      expect(answer.headers['x-frame-options']).toBe('DENY')
      expect(answer.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains')
    }
  })

  it('does not keep files whose name has no hash (the favicon) for long', async () => {
    const answer = await get('/favicon.svg', 'br')
    expect(answer.statusCode).toBe(200)
    expect(answer.headers['cache-control']).toBe('no-cache')
    // Too small to gain from compression: the build wrote no copy, the file goes as it is.
    expect(answer.headers['content-encoding']).toBeUndefined()
  })

  it('answers 404 for an asset it does not have, not the page (which a script tag would take for code)', async () => {
    const answer = await get('/assets/index-OldRelease.js', 'br')
    expect(answer.statusCode).toBe(404)
    expect(answer.headers['content-type']).not.toMatch(/^text\/html/)
  })
})
