// Shrinks a photo before it leaves the phone: at most MAX_SIDE pixels on its long side,
// re-encoded as JPEG. A file the browser cannot draw (HEIC on most browsers, a PDF) or
// that is already small is sent as it is.
export const MAX_SIDE = 2000;
export const QUALITY = 0.85;

function load(file) {
  return new Promise((resolve, reject) => {
    const url = URL.createObjectURL(file);
    const image = new Image();
    image.onload = () => {
      URL.revokeObjectURL(url);
      resolve(image);
    };
    image.onerror = () => {
      URL.revokeObjectURL(url);
      reject(new Error("unreadable image"));
    };
    image.src = url;
  });
}

export async function downscale(file) {
  if (!file.type.startsWith("image/")) return file;
  let image;
  try {
    image = await load(file);
  } catch (error) {
    return file;
  }
  const longSide = Math.max(image.naturalWidth, image.naturalHeight);
  if (longSide <= MAX_SIDE && file.type === "image/jpeg") return file;
  const scale = Math.min(1, MAX_SIDE / longSide);
  const canvas = document.createElement("canvas");
  canvas.width = Math.round(image.naturalWidth * scale);
  canvas.height = Math.round(image.naturalHeight * scale);
  canvas.getContext("2d").drawImage(image, 0, 0, canvas.width, canvas.height);
  const blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", QUALITY));
  if (!blob) return file;
  const name = file.name.replace(/\.[^.]*$/, "") + ".jpg";
  return new File([blob], name, { type: "image/jpeg" });
}
