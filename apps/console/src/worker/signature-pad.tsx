import { useEffect, useRef } from 'react';

/** The customer signs with a finger: strokes drawn on a canvas, handed out as a PNG. */
export function SignaturePad({ onChange, label }: { onChange: (signed: boolean) => void; label: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const c = canvas.current!;
    const ratio = window.devicePixelRatio || 1;
    c.width = c.clientWidth * ratio;
    c.height = c.clientHeight * ratio;
    const ink = c.getContext('2d')!;
    ink.scale(ratio, ratio);
    ink.lineWidth = 2.5;
    ink.lineCap = 'round';
    ink.strokeStyle = '#111';
    let drawing = false;
    const at = (e: PointerEvent) => {
      const box = c.getBoundingClientRect();
      return [e.clientX - box.left, e.clientY - box.top] as const;
    };
    const down = (e: PointerEvent) => {
      drawing = true;
      c.setPointerCapture(e.pointerId);
      ink.beginPath();
      ink.moveTo(...at(e));
    };
    const move = (e: PointerEvent) => {
      if (!drawing) return;
      ink.lineTo(...at(e));
      ink.stroke();
      onChange(true);
    };
    const up = () => (drawing = false);
    c.addEventListener('pointerdown', down);
    c.addEventListener('pointermove', move);
    c.addEventListener('pointerup', up);
    return () => {
      c.removeEventListener('pointerdown', down);
      c.removeEventListener('pointermove', move);
      c.removeEventListener('pointerup', up);
    };
  }, [onChange]);
  return (
    <canvas
      ref={canvas}
      aria-label={label}
      role="img"
      data-testid="signature-pad"
      style={{ width: '100%', height: 160, background: '#fff', border: '1px dashed #999', borderRadius: 8, touchAction: 'none' }}
    />
  );
}

export function signaturePng(container: HTMLElement): Promise<Blob | null> {
  const c = container.querySelector('canvas');
  return new Promise((resolve) => (c ? c.toBlob(resolve, 'image/png') : resolve(null)));
}

export function clearSignature(container: HTMLElement) {
  const c = container.querySelector('canvas');
  c?.getContext('2d')?.clearRect(0, 0, c.width, c.height);
}
