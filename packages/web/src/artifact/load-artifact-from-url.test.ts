// The URL rules and the Node-side behaviour of loadArtifactFromUrl, without a browser: Node 20 has
// fetch and Response but no IndexedDB, so the default there is no cache.
import { ArtifactError, createArtifact, packArtifact, serializeManifest, type Artifact } from '@attune/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { directoryBase, fileUrl, layoutFromUrl, looksPacked } from './artifact-url.js';
import { loadArtifactFromUrl } from './load-artifact-from-url.js';
import type { FetchFunction } from './http.js';

describe('artifact URLs', () => {
  it('tells the layout from the URL when it can', () => {
    expect(layoutFromUrl(new URL('https://x.test/m/model.attune?v=2'))).toBe('packed');
    expect(layoutFromUrl(new URL('https://x.test/m/'))).toBe('directory');
    expect(layoutFromUrl(new URL('https://x.test/m/manifest.json'))).toBe('directory');
    expect(layoutFromUrl(new URL('https://x.test/m/model'))).toBeUndefined();
    expect(looksPacked(new TextEncoder().encode('ATTUNE01....'))).toBe(true);
    expect(looksPacked(new TextEncoder().encode('{"formatVersion"'))).toBe(false);
  });

  it('takes the folder as the base of a directory, without query or fragment', () => {
    expect(directoryBase(new URL('https://x.test/m/?token=1#a')).href).toBe('https://x.test/m/');
    expect(directoryBase(new URL('https://x.test/m/manifest.json?token=1')).href).toBe('https://x.test/m/');
    expect(directoryBase(new URL('https://x.test/m/model')).href).toBe('https://x.test/m/model/');
  });

  it('resolves a file under the base and refuses one that would resolve outside it', () => {
    expect(fileUrl(new URL('https://x.test/m/'), 'vocab/tokens.json').href).toBe('https://x.test/m/vocab/tokens.json');
    for (const path of ['../secret', '/etc/passwd', 'https://evil.test/x', '%2e%2e/x', 'a\\b']) {
      expect(() => fileUrl(new URL('https://x.test/m/'), path), path).toThrow(expect.objectContaining({ reason: 'unsafe-path' }));
    }
    // the folder of a base without its slash, never a string prefix of it
    expect(fileUrl(new URL('https://x.test/m/model?sig=1'), 'model.onnx').href).toBe('https://x.test/m/model.onnx');
  });
});

describe('loadArtifactFromUrl in Node', () => {
  let artifact: Artifact;
  const served = new Map<string, Uint8Array>();
  const requested: string[] = [];
  const fetchStub: FetchFunction = async (input) => {
    const url = String(input);
    requested.push(url);
    const body = served.get(url);
    return body ? new Response(body as Uint8Array<ArrayBuffer>) : new Response('not found', { status: 404 });
  };

  beforeAll(async () => {
    artifact = await createArtifact({
      plugin: { id: 'text', version: '0.1.0' },
      model: { kind: 'sequence-classifier', config: {} },
      onnx: new Uint8Array([8, 1, 2, 3]), // not a real model: only bytes and hashes matter here
      createdAt: new Date(0),
    });
    served.set('https://x.test/a/model.attune', packArtifact(artifact));
    served.set('https://x.test/d/manifest.json', serializeManifest(artifact.manifest));
    served.set('https://x.test/d/model.onnx', artifact.files.get('model.onnx')!);
  });

  it('loads packed and directory artifacts through the fetch option, with no cache by default', async () => {
    expect(await loadArtifactFromUrl('https://x.test/a/model.attune', { fetch: fetchStub })).toEqual(artifact);
    expect(await loadArtifactFromUrl(new URL('https://x.test/d/'), { fetch: fetchStub })).toEqual(artifact);
    expect(requested.slice(-2)).toEqual(['https://x.test/d/manifest.json', 'https://x.test/d/model.onnx']);
  });

  it('validates its options with messages that say what was expected', async () => {
    await expect(loadArtifactFromUrl('https://x.test/a/model.attune', { cache: 'indexeddb', fetch: fetchStub })).rejects.toThrow(/no indexedDB; pass cache: 'none'/);
    await expect(loadArtifactFromUrl('https://x.test/a/model.attune', { cache: 'disk' as never })).rejects.toThrow(TypeError);
    await expect(loadArtifactFromUrl('model.attune', { fetch: fetchStub })).rejects.toThrow(/not a valid URL/);
    await expect(loadArtifactFromUrl(42 as never)).rejects.toThrow(/expected a URL or a string/);
  });
});
