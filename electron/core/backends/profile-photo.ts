/** Photos larger than this are not shown: AD's thumbnailPhoto is at most 100 KB, Graph's largest is far above. */
export const maxPhotoBytes = 256 * 1024;

/**
 * A data: URL for a photo's bytes when they are a JPEG or PNG of a sensible size, else undefined: whatever else a
 * directory attribute holds is never handed to the screen.
 */
export function photoDataUrl(bytes: Buffer | undefined): string | undefined {
  if (!bytes || bytes.length === 0 || bytes.length > maxPhotoBytes) return undefined;
  const jpeg = bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  const png = bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  if (!jpeg && !png) return undefined;
  return `data:image/${jpeg ? 'jpeg' : 'png'};base64,${bytes.toString('base64')}`;
}
