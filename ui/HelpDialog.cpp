#include "HelpDialog.h"

#include "ui_HelpDialog.h"

#include <QFile>
#include <QPushButton>

HelpDialog::HelpDialog(QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::HelpDialog>())
{
    m_ui->setupUi(this);
    QFile text(QStringLiteral(":/documents/help.html"));
    if (text.open(QIODevice::ReadOnly))
        m_ui->helpTextBrowser->setHtml(QString::fromUtf8(text.readAll()));
    if (QPushButton *close = m_ui->buttonBox->button(QDialogButtonBox::Close)) {
        close->setText(tr("Fermer"));
        close->setAccessibleName(tr("Fermer l'aide"));
        close->setDefault(true);
    }
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &HelpDialog::reject);
}

HelpDialog::~HelpDialog() = default;
