import { Image } from 'antd-mobile';
import { useSession } from '../auth/session-context';
import { useFileUrl } from '../graph/files';

/** A photo from `/files` on the phone, loaded with the signed-in person's token. */
export function PhoneImage({ fileId, alt, size = 80 }: { fileId: string; alt: string; size?: number }) {
  const { session } = useSession();
  const url = useFileUrl(session.token, fileId);
  if (!url) return <div role="img" aria-label={alt} style={{ width: size, height: size, background: '#eee', borderRadius: 4 }} />;
  return <Image src={url} alt={alt} width={size} height={size} fit="cover" style={{ borderRadius: 4 }} />;
}
