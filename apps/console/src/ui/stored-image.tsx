import { Image } from 'antd';
import { useSession } from '../auth/session-context';
import { useFileUrl } from '../graph/files';

/** A photo or signature from `/files`, loaded with the signed-in person's token. */
export function StoredImage({ fileId, alt, size = 96 }: { fileId: string; alt: string; size?: number }) {
  const { session } = useSession();
  const url = useFileUrl(session.token, fileId);
  if (!url) return <div style={{ width: size, height: size, background: '#f0f0f0' }} aria-label={alt} role="img" />;
  return <Image src={url} alt={alt} width={size} height={size} style={{ objectFit: 'cover' }} />;
}
