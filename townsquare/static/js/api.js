// API tokens page: copy the new token to the clipboard.
document.querySelectorAll("[data-copy]").forEach(function (button) {
  button.addEventListener("click", function () {
    var input = document.querySelector(button.dataset.copy);
    input.select();
    (navigator.clipboard ? navigator.clipboard.writeText(input.value) : Promise.reject()).then(
      function () { button.textContent = "Copied"; },
      function () { document.execCommand("copy"); button.textContent = "Copied"; });
  });
});
