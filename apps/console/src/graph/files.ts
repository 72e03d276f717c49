import { useEffect, useState } from 'react';

/** Uploads a photo or signature to `/files` (the orders service, through the gateway); its id, or why not. */
export async function uploadFile(
  token: string,
  body: Blob,
  kind: 'photo' | 'signature' | 'fault_picture',
): Promise<{ fileId: string } | { error: string }> {
  try {
    const response = await fetch(`/files?kind=${kind}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': body.type || 'application/octet-stream' },
      body,
    });
    const answer = (await response.json()) as { fileId?: string; message?: string; error?: string; reason?: string };
    if (response.ok && answer.fileId) return { fileId: answer.fileId };
    return { error: answer.reason ?? answer.message ?? answer.error ?? `HTTP ${response.status}` };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/** A stored file as a URL an <img> can show: fetched with the token (an <img> cannot send one). */
export async function fileObjectUrl(token: string, fileId: string): Promise<string | null> {
  const response = await fetch(`/files/${encodeURIComponent(fileId)}`, { headers: { authorization: `Bearer ${token}` } });
  return response.ok ? URL.createObjectURL(await response.blob()) : null;
}

/** A stored file's object URL for the component's life, or null while it loads (or cannot). */
export function useFileUrl(token: string, fileId: string): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    let shown: string | null = null;
    void fileObjectUrl(token, fileId).then((loaded) => {
      shown = loaded;
      setUrl(loaded);
    });
    return () => {
      if (shown) URL.revokeObjectURL(shown);
    };
  }, [fileId, token]);
  return url;
}
