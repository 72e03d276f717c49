/** A phone's "take a photo" button: the camera (or the gallery), one picture at a time. */
export function PhonePhotoInput({ label, disabled, onFile }: { label: string; disabled?: boolean; onFile: (file: File) => void }) {
  return (
    <label className="adm-button adm-button-default adm-button-block adm-button-shape-default" style={{ display: 'block', textAlign: 'center' }}>
      {label}
      <input
        type="file"
        accept="image/*"
        capture="environment"
        aria-label={label}
        disabled={disabled}
        style={{ position: 'absolute', opacity: 0, width: 1, height: 1 }}
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) onFile(file);
        }}
      />
    </label>
  );
}
