// The peer the benchmark measures against: one field, validated as applicants type, with the
// libraries a team would choose for a form today (React 19, react-hook-form, zod).
import { createRoot } from "react-dom/client";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { z } from "zod";

const schema = z.object({
  credit_code: z
    .string()
    .regex(/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/, "请输入18位统一社会信用代码"),
});

function Form() {
  const {
    register,
    handleSubmit,
    formState: { errors },
  } = useForm({ resolver: zodResolver(schema), mode: "onChange" });
  return (
    <form onSubmit={handleSubmit((data) => console.log(data))}>
      <label htmlFor="credit_code">统一社会信用代码</label>
      <input id="credit_code" {...register("credit_code")} />
      {errors.credit_code && <p role="alert">{errors.credit_code.message}</p>}
      <button type="submit">提交</button>
    </form>
  );
}

createRoot(document.getElementById("root")).render(<Form />);
